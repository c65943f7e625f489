// A problem with what the user asked for (a flag, a config value, a path): one line on stderr, exit code 2.
package org.rationalicl.cli;

public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
