package cn.hotline.auth.directory;

/** tenant-service could not be asked or gave an answer outside its contract; logins fail closed. */
public final class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DirectoryUnavailableException(String message) {
        super(message);
    }
}
