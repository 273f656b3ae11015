package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;

/** How many capability pods a {@link BrowserPool} runs, how they are built and what they may do. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrowserPoolSpec {

    /** Secret the internal token is read from when {@code internalTokenSecretRef} is unset. */
    public static final String DEFAULT_INTERNAL_TOKEN_SECRET = "rsrch-internal-token";

    private static final String SECRET_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    /** Number of capability pods. */
    @JsonPropertyDescription("Number of capability pods; 0 stops them all.")
    @Min(0)
    @Default("1")
    private Integer replicas = 1;

    /** Tabs each pod drives: the hard cap on calls one pod serves at once. */
    @JsonPropertyDescription("Tabs each pod drives: the hard cap on calls one pod serves at once.")
    @Min(1)
    @Max(16)
    @Default("2")
    private Integer tabsPerPod = 2;

    /** Container image holding rsrch; the pod runs its {@code capability} command. */
    @JsonPropertyDescription(
            "Container image holding rsrch (entrypoint java -jar /app/rsrch.jar); each pod runs"
                    + " its capability command.")
    @Required
    @Size(min = 1)
    private String image;

    /** Secret with the signed-in browser state, a Playwright storage state under a fixed key. */
    @JsonPropertyDescription(
            "Name of a Secret holding the signed-in browser state: a Playwright storage-state"
                    + " JSON under the key storage-state.json. Mounted read-only into each pod.")
    @Size(max = 253)
    @Pattern(SECRET_NAME)
    private String profileSecretRef;

    /** Secret holding the capability's bearer token under the key {@code token}. */
    @JsonPropertyDescription(
            "Name of a Secret holding the bearer token of the capability's /internal endpoints"
                    + " under the key token.")
    @Default(DEFAULT_INTERNAL_TOKEN_SECRET)
    @Size(max = 253)
    @Pattern(SECRET_NAME)
    private String internalTokenSecretRef = DEFAULT_INTERNAL_TOKEN_SECRET;

    /** The site the pods drive: gemini, or the sandbox rsrch serves itself. */
    @JsonPropertyDescription(
            "The site the pods drive: gemini (gemini.google.com, needs a signed-in profile) or"
                    + " sandbox (a site rsrch serves itself, for demos and tests).")
    @SchemaFrom(type = BrowserSite.class)
    @Default("gemini")
    private String site = BrowserSite.GEMINI.value();

    /** Extra hosts pages may load, besides the site's own. */
    @JsonPropertyDescription("Extra hosts pages may load, besides the site's own.")
    @Size(max = 64)
    private List<@Size(max = 253) String> allowedHosts;

    /** CPU and memory of each capability container. */
    @JsonPropertyDescription(
            "CPU and memory of each capability container; Chromium wants about 1 GiB per few"
                    + " tabs.")
    private ResourceRequirements resources;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getTabsPerPod() {
        return tabsPerPod;
    }

    public void setTabsPerPod(Integer tabsPerPod) {
        this.tabsPerPod = tabsPerPod;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getProfileSecretRef() {
        return profileSecretRef;
    }

    public void setProfileSecretRef(String profileSecretRef) {
        this.profileSecretRef = profileSecretRef;
    }

    public String getInternalTokenSecretRef() {
        return internalTokenSecretRef;
    }

    public void setInternalTokenSecretRef(String internalTokenSecretRef) {
        this.internalTokenSecretRef = internalTokenSecretRef;
    }

    public String getSite() {
        return site;
    }

    public void setSite(String site) {
        this.site = site;
    }

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
