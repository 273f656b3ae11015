package io.rsrch.api;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body as text exactly: at most {@value #MAX_BYTES} bytes whether or not the client
 * sent a length, and only well-formed UTF-8, so what is stored is what the client sent.
 */
final class RequestText {

    /** Largest request body accepted, in bytes. */
    static final int MAX_BYTES = 1_000_000;

    private RequestText() {}

    static String read(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequestException(400, "the request body could not be read");
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge();
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException(400, "the request body is not valid UTF-8");
        }
    }

    /**
     * Refuses text that could not be stored exactly: FalkorDB reads parameters as C strings (a NUL
     * ends them) and as UTF-8 (half of a surrogate pair has no encoding).
     */
    static void requireStorable(String field, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new BadRequestException(400, field + " must not contain NUL characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRequestException(
                        400,
                        field
                                + " contains half of a UTF-16 surrogate pair at character "
                                + i
                                + "; send complete Unicode characters");
            }
        }
    }

    private static BadRequestException tooLarge() {
        return new BadRequestException(
                413, "the request body is larger than " + MAX_BYTES + " bytes (1 MB)");
    }
}
