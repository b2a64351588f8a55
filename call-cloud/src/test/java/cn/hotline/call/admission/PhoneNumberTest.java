package cn.hotline.call.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(
            delimiter = '|',
            value = {
                // mobiles, as carriers and handsets spell them
                "13800138000|13800138000|MOBILE",
                "+86 138-0013-8000|13800138000|MOBILE",
                "+8613800138000|13800138000|MOBILE",
                "008613800138000|13800138000|MOBILE",
                "8613800138000|13800138000|MOBILE",
                "013800138000|13800138000|MOBILE",
                "tel:+86-199-1234-5678|19912345678|MOBILE",
                "sip:+8615955112345@carrier.example;user=phone|15955112345|MOBILE",
                // landlines with area codes (3-digit after 0, and 010 / 02x with 2 digits)
                "0551-65312345|055165312345|LANDLINE",
                "(0551) 6531 2345|055165312345|LANDLINE",
                "+86 551 6531 2345|055165312345|LANDLINE",
                "+86 (0)551 65312345|055165312345|LANDLINE",
                "0086 10 6552 9988|01065529988|LANDLINE",
                "010-65529988|01065529988|LANDLINE",
                "021 6321 5678|02163215678|LANDLINE",
                "0771-5551234|07715551234|LANDLINE",
                // a local number gets the trunk's area code
                "65312345|055165312345|LANDLINE",
                "5551234|05515551234|LANDLINE",
                // short service numbers stay short; with an area code they name another city's
                "12345|12345|SERVICE",
                "12393|12393|SERVICE",
                "110|110|SERVICE",
                "95518|95518|SERVICE",
                "0551 12345|055112345|SERVICE",
                "077112345|077112345|SERVICE",
                "tel:12345;phone-context=+86551|12345|SERVICE",
                // abroad
                "+1 415 555 0100|+14155550100|INTERNATIONAL",
                "00852 2345 6789|+85223456789|INTERNATIONAL",
            })
    void readsRealWorldShapesIntoOneCanonicalForm(String raw, String canonical, PhoneNumber.Kind kind) {
        PhoneNumber number = PhoneNumber.parse(raw, "0551");
        assertThat(number.value()).isEqualTo(canonical);
        assertThat(number.kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "anonymous", "abc", "12", "+86", "0551-1", "0551-0123456", "1380013800", "99"})
    void refusesWhatIsNoNumber(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw, "0551")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"65312345", "5551234"})
    void refusesALocalNumberWhenTheTrunkHasNoAreaCode(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("area code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "055165312345", "12345", "055112345", "+14155550100"})
    void canonicalFormIsAFixpoint(String canonical) {
        assertThat(PhoneNumber.parse(canonical, "0771").value()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "055165312345", "12345", "055112345"})
    void nationalNumbersAreAlsoTheKernelsNormalForm(String canonical) {
        assertThat(cn.hotline.kernel.crypto.PhoneNumbers.normalise(canonical)).isEqualTo(canonical);
    }
}
