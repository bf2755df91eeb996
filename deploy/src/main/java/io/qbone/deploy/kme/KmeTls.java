package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KmeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for the KME API: the server presents its certificate and requires a client
 * certificate signed by the trusted CA; the client certificate names the calling SAE.
 */
public final class KmeTls {
  private KmeTls() {}

  /** A PKCS#12 key or trust store. */
  public static KeyStore loadPkcs12(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  /**
   * An SSL context presenting {@code identity} (a key and its certificate chain) and trusting
   * the certificates in {@code trusted}; used by the server and, in tests, by SAE clients.
   */
  public static SSLContext context(KeyStore identity, char[] password, KeyStore trusted)
      throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, password);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /**
   * The SAE ID a verified client certificate names: its subject's CN, or when it has none, its
   * DNS or URI subject alternative name. The name must be unambiguous: a certificate with two
   * CNs (as separate or as multi-valued RDNs), or without a CN and with two such alternative
   * names, names no SAE, whichever of them a check elsewhere might have taken.
   *
   * @throws KmeException 401 when the certificate names no SAE or more than one
   */
  public static String saeId(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      throw unauthorized("no verified client certificate");
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
      throw unauthorized("no X.509 client certificate");
    }
    List<String> names = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
        while (attributes.hasMore()) {
          Attribute attribute = attributes.next();
          if (attribute.getID().equalsIgnoreCase("CN")) {
            for (int i = 0; i < attribute.size(); i++) {
              names.add(String.valueOf(attribute.get(i)));
            }
          }
        }
      }
      if (names.isEmpty() && cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == 2 || type == 6) { // dNSName, uniformResourceIdentifier
            names.add(san.get(1).toString());
          }
        }
      }
    } catch (NamingException | CertificateParsingException e) {
      throw unauthorized("an unreadable client certificate subject (" + e.getMessage() + ")");
    }
    if (names.size() != 1) {
      throw unauthorized(names.isEmpty()
          ? "the client certificate names no SAE (expected its CN to be the SAE ID)"
          : "the client certificate names " + names.size() + " SAEs " + names
              + " (expected exactly one CN, or without a CN one DNS or URI subject alternative"
              + " name, to be the SAE ID)");
    }
    return names.get(0);
  }

  private static KmeException unauthorized(String message) {
    return new KmeException(KmeException.UNAUTHORIZED, message);
  }
}
