package io.rsrch.windmill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The Windmill job id of an attempt: a name-based (version 5, SHA-1) UUID of {@code
 * rsrch:<jobId>:<attempt>} in the URL namespace. The same attempt always gets the same id, so a
 * repeated trigger is refused by Windmill instead of starting a second run; {@code
 * windmill/f/rsrch/dispatcher.ts} derives it the same way.
 */
public final class AttemptIds {

    private static final UUID URL_NAMESPACE =
            UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private AttemptIds() {}

    public static UUID windmillJobId(String jobId, int attempt) {
        byte[] name = ("rsrch:" + jobId + ":" + attempt).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
        sha1.update(toBytes(URL_NAMESPACE));
        byte[] hash = sha1.digest(name);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long most = uuid.getMostSignificantBits();
        long least = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (most >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (least >>> (56 - 8 * i));
        }
        return bytes;
    }
}
