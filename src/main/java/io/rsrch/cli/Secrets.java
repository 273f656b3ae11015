package io.rsrch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a secret from its value or from a file (as a mounted Kubernetes Secret provides it). */
final class Secrets {

    private Secrets() {}

    static String read(String value, Path file) {
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret file " + file, e);
        }
    }
}
