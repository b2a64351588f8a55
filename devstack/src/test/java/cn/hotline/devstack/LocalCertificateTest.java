package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's HTTPS certificate, made with the real keytool. */
class LocalCertificateTest {

    @TempDir
    Path dir;

    @Test
    void makesACaAndAServerCertificateForThePublicHostLocalhostAndLoopbackSignedByIt() throws Exception {
        LocalCertificate certificate = LocalCertificate.ensure(dir, "Hotline.Example.Test");

        List<X509Certificate> chain = certificate.chain();
        assertThat(chain).hasSize(2);
        X509Certificate server = chain.getFirst();
        X509Certificate ca = certificate.ca();
        assertThat(chain.get(1)).isEqualTo(ca);
        server.verify(ca.getPublicKey()); // signed by our CA
        ca.verify(ca.getPublicKey()); // self-signed
        assertThat(ca.getBasicConstraints()).as("the CA may sign").isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints())
                .as("the server certificate may not")
                .isEqualTo(-1);
        assertThat(server.getSubjectAlternativeNames().stream()
                        .map(entry -> (Object) entry.get(1))
                        .toList())
                .containsExactly("hotline.example.test", "localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(server.getNotAfter().getTime() - server.getNotBefore().getTime())
                .as("within browsers' 398-day limit")
                .isLessThanOrEqualTo(398L * 24 * 3600 * 1000);
        assertThat(Files.readString(certificate.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(certificate.howToTrust())
                .contains(certificate.caCertificate().toString());
    }

    @Test
    void keepsTheCertificateForTheSameNamesAndMakesANewOneForAnotherHost() throws Exception {
        X509Certificate first =
                LocalCertificate.ensure(dir, "agents.example.test").chain().getFirst();
        X509Certificate again =
                LocalCertificate.ensure(dir, "agents.example.test").chain().getFirst();
        assertThat(again).isEqualTo(first);
        X509Certificate other = LocalCertificate.ensure(dir, "10.1.2.3").chain().getFirst();
        assertThat(other).isNotEqualTo(first);
        assertThat(other.getSubjectAlternativeNames().stream()
                        .map(entry -> (Object) entry.get(0))
                        .toList())
                .as("an address is an iPAddress entry (7), names are dNSName (2)")
                .containsExactly(7, 2, 7);
    }

    @Test
    void refusesSomethingThatIsNotAHostName() {
        assertThatThrownBy(() -> LocalCertificate.namesFor("https://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--public-host");
        assertThatThrownBy(() -> LocalCertificate.namesFor("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
