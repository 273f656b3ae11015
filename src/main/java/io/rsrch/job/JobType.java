package io.rsrch.job;

/** The kinds of browser work a job can ask for. */
public enum JobType {
    DEEP_RESEARCH("deep-research"),
    AUDIO_OVERVIEW("audio-overview");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads a wire name, answering {@code null} for a name rsrch does not know. */
    public static JobType fromWireName(String name) {
        for (JobType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
