package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.List;

/** What a NotebookLM audio overview is made from; used when a job's type is audio-overview. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AudioOverviewSpec {

    /** Title of the notebook the overview is generated in. */
    @JsonPropertyDescription("Title of the notebook the overview is generated in.")
    @Size(max = 200)
    private String notebookTitle;

    /** Source URLs or texts added to the notebook before the overview is generated. */
    @JsonPropertyDescription(
            "Source URLs or texts added to the notebook before the overview is generated; at most"
                    + " 50, each at most 4096 characters.")
    @Size(max = 50)
    private List<@Size(max = 4096) String> sources;

    /** Instructions for the hosts of the overview: focus, tone, audience. */
    @JsonPropertyDescription("Instructions for the hosts of the overview: focus, tone, audience.")
    @Size(max = 5000)
    private String customPrompt;

    /** When true, everything up to the final Generate click is done, and nothing is generated. */
    @JsonPropertyDescription(
            "When true, everything up to the final Generate click is done, and nothing is"
                    + " generated.")
    private Boolean dryRun;

    public String getNotebookTitle() {
        return notebookTitle;
    }

    public void setNotebookTitle(String notebookTitle) {
        this.notebookTitle = notebookTitle;
    }

    public List<String> getSources() {
        return sources;
    }

    public void setSources(List<String> sources) {
        this.sources = sources;
    }

    public String getCustomPrompt() {
        return customPrompt;
    }

    public void setCustomPrompt(String customPrompt) {
        this.customPrompt = customPrompt;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }
}
