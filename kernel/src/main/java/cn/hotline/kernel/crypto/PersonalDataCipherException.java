package cn.hotline.kernel.crypto;

/** A sealed value could not be opened: tampered, sealed for another tenant, or an unknown key version. */
public final class PersonalDataCipherException extends RuntimeException {

    public PersonalDataCipherException(String message) {
        super(message);
    }

    public PersonalDataCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
