package io.rsrch.windmill;

/**
 * Where Windmill is and how rsrch signs in: the base URL (without {@code /api}), the workspace, the
 * token, and the worker tag to run on ({@code null} for Windmill's default). The token never
 * appears in {@link #toString()}.
 */
public record WindmillSettings(String baseUrl, String workspace, String token, String tag) {

    public WindmillSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "RSRCH_WINDMILL_URL is required, e.g. http://windmill:8000");
        }
        if (workspace == null || workspace.isBlank()) {
            throw new IllegalArgumentException("RSRCH_WINDMILL_WORKSPACE is required");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "a Windmill token is required: set RSRCH_WINDMILL_TOKEN or"
                            + " RSRCH_WINDMILL_TOKEN_FILE");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        tag = tag == null || tag.isBlank() ? null : tag;
    }

    @Override
    public String toString() {
        return "WindmillSettings[baseUrl="
                + baseUrl
                + ", workspace="
                + workspace
                + ", tag="
                + tag
                + "]";
    }
}
