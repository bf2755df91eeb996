#!/usr/bin/env bash
# Lays out the file system of qbone's container image (built from scratch by Jib, deploy/pom.xml,
# profile "image"), one directory per image layer:
#   OUT/runtime  /opt/java: a jlink-ed Java runtime with only the modules qbone needs
#   OUT/libs     the shared libraries that runtime needs (found with ldd), at the paths ldd names
#   OUT/base     /etc/passwd and /etc/group with the non-root user qbone (10001), /tmp
#   OUT/app      /opt/qbone/qbone.jar, the shaded application jar
# Usage: rootfs.sh JAVA_HOME MODULES JAR OUT
set -euo pipefail
java_home=$1 modules=$2 jar=$3 out=$4
rm -rf "$out"
mkdir -p "$out/runtime/opt" "$out/libs" "$out/base/etc" "$out/base/tmp" "$out/app/opt/qbone"

"$java_home/bin/jlink" --add-modules "$modules" --output "$out/runtime/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=2
# The image is headless and has no X11, font or sound libraries: leave out the natives of
# java.desktop that would need them (qbone draws its SVG and HTML itself, java.beans needs none).
for lib in libawt_xawt libjawt libsplashscreen libjsound libfontmanager libjavajpeg liblcms; do
  rm -f "$out/runtime/opt/java/lib/$lib.so"
done

# Every ELF file of the runtime, and what the dynamic linker resolves for it on this machine.
# Copies go to the path ldd prints (e.g. /lib/x86_64-linux-gnu/libc.so.6 and the interpreter
# /lib64/ld-linux-x86-64.so.2): scratch has no /lib -> /usr/lib link, so no merged-usr paths.
mapfile -t elves < <(find "$out/runtime/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
needed=$(for f in "${elves[@]}"; do
  LD_LIBRARY_PATH="$out/runtime/opt/java/lib:$out/runtime/opt/java/lib/server" ldd "$f" 2>/dev/null \
    | awk '/=> \// {print $3} /^[ \t]*\/[^ ]+ \(/ {print $1}'
done | grep -v "^$out" | sort -u)
# glibc loads libgcc_s at run time (thread cancellation and unwinding), ldd does not show it.
# (awk reads to the end: exiting at the first match would kill ldconfig with SIGPIPE, which
# pipefail turns into a failed build.)
gcc_s=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64|libgcc_s.so.1 .*AArch64/ && !found {found = $NF}
  END {print found}')
for lib in $needed $gcc_s; do
  mkdir -p "$out/libs$(dirname "$lib")"
  cp -L "$lib" "$out/libs$lib"
done
missing=$(for f in "${elves[@]}"; do
  LD_LIBRARY_PATH="$out/runtime/opt/java/lib:$out/runtime/opt/java/lib/server" ldd "$f" 2>/dev/null | grep "not found" || true
done)
if [ -n "$missing" ]; then
  echo "rootfs.sh: unresolved libraries: $missing" >&2
  exit 1
fi

printf 'root:x:0:0:root:/root:/sbin/nologin\nqbone:x:10001:10001:qbone:/tmp:/sbin/nologin\n' \
  > "$out/base/etc/passwd"
printf 'root:x:0:\nqbone:x:10001:\n' > "$out/base/etc/group"
cp "$jar" "$out/app/opt/qbone/qbone.jar"
