{{- define "sc.name" -}}{{ .Release.Name }}-service-center{{- end -}}
{{- define "sc.labels" -}}
app.kubernetes.io/name: service-center
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
