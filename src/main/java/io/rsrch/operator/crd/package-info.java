/**
 * The custom resources users write and read: {@link io.rsrch.operator.crd.ResearchJob} and {@link
 * io.rsrch.operator.crd.BrowserPool}.
 *
 * <p>Field descriptions are given twice on purpose: the Javadoc for readers of the code, and
 * {@code @JsonPropertyDescription} for the generated CRD schema, which is what {@code kubectl
 * explain} prints. The generator reads class files, so it never sees the Javadoc.
 */
package io.rsrch.operator.crd;
