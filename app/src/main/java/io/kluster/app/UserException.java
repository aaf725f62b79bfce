package io.kluster.app;

/** A failure caused by the user's input (a flag, a file, a setting), reported as one line. */
public final class UserException extends RuntimeException {

    /** A failure with a message that tells the user what to fix. */
    public UserException(String message) {
        super(message);
    }

    /** A failure with a message and the cause behind it. */
    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
