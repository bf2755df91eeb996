package io.qbone.deploy.kme;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests and benchmarks: a CA, a KME server certificate
 * for 127.0.0.1/localhost and SAE client certificates whose CN is the SAE ID, all EC P-256, held
 * in memory. Operators use scripts/make-test-certs.sh (openssl) or their own CA instead.
 */
public final class DevPki {
  /** Password of every key store this class makes (they never leave the process or a test). */
  public static final char[] PASSWORD = "qbone-test".toCharArray();

  private final KeyPair caKey;
  private final X509Certificate caCert;
  private final AtomicLong serial = new AtomicLong(1);

  public DevPki() throws GeneralSecurityException {
    caKey = ecKeyPair();
    X500Name ca = new X500Name("CN=qbone test CA");
    try {
      X509v3CertificateBuilder b = builder(ca, ca, caKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      caCert = sign(b);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** A key store with only the CA certificate: what both sides trust. */
  public KeyStore trustStore() throws GeneralSecurityException {
    KeyStore store = emptyStore();
    store.setCertificateEntry("qbone-ca", caCert);
    return store;
  }

  /** The KME server's key and certificate (SAN 127.0.0.1 and localhost). */
  public KeyStore serverIdentity() throws GeneralSecurityException {
    return identity(cn("qbone KME"), true, new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost"));
  }

  /** A server's key and certificate for the given names (e.g. an IP a test server binds). */
  public KeyStore serverIdentity(GeneralName... altNames) throws GeneralSecurityException {
    return identity(cn("qbone test server"), true, altNames);
  }

  /** The CA's certificate, for clients that read trust anchors from a PEM file. */
  public X509Certificate caCertificate() {
    return caCert;
  }

  /** An SAE's key and client certificate; its CN is {@code saeId}. */
  public KeyStore saeIdentity(String saeId) throws GeneralSecurityException {
    return identity(cn(saeId), false);
  }

  /**
   * A client certificate with any subject (e.g. {@code "CN=alice,CN=bob"}, {@code "O=lab"}) and
   * subject alternative names: for tests of certificates that name no SAE or several.
   */
  public KeyStore clientIdentity(String subject, GeneralName... altNames)
      throws GeneralSecurityException {
    return identity(new X500Name(subject), false, altNames);
  }

  private static X500Name cn(String cn) {
    return new X500NameBuilder().addRDN(BCStyle.CN, cn).build();
  }

  private KeyStore identity(X500Name subject, boolean server, GeneralName... altNames)
      throws GeneralSecurityException {
    KeyPair key = ecKeyPair();
    try {
      X509v3CertificateBuilder b = builder(new X500Name("CN=qbone test CA"), subject, key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server
              ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (altNames.length > 0) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
      }
      KeyStore store = emptyStore();
      store.setKeyEntry("identity", key.getPrivate(), PASSWORD,
          new Certificate[] {sign(b), caCert});
      return store;
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial.getAndIncrement()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
        subject, key.getPublic());
  }

  private X509Certificate sign(X509v3CertificateBuilder b) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }
}
