{{/* Name of the release's objects: the release name, with "rsrch" added when it lacks it. */}}
{{- define "rsrch.fullname" -}}
{{- if contains "rsrch" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-rsrch" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object of the chart carries. */}}
{{- define "rsrch.labels" -}}
app.kubernetes.io/part-of: rsrch
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The rsrch image, repository and tag. */}}
{{- define "rsrch.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* FalkorDB address: the value given, or the chart's own FalkorDB Service. */}}
{{- define "rsrch.falkordbUrl" -}}
{{- if .Values.operator.falkordbUrl -}}
{{- .Values.operator.falkordbUrl -}}
{{- else if .Values.falkordb.enabled -}}
{{- printf "redis://%s-falkordb.%s.svc:6379" (include "rsrch.fullname" .) .Release.Namespace -}}
{{- else if not .Values.operator.falkordbUrlSecret -}}
{{- fail "set operator.falkordbUrl or operator.falkordbUrlSecret when falkordb.enabled is false" -}}
{{- end -}}
{{- end -}}
