output "namespace" {
  description = "Namespace the platform runs in."
  value       = kubernetes_namespace.platform.metadata[0].name
}

output "gateway_service" {
  description = "In-cluster address of the gateway, the platform's single entry."
  value       = "${kubernetes_service.service["gateway"].metadata[0].name}.${var.namespace}.svc"
}

output "console_url" {
  description = "Where agents, supervisors and admins open the console."
  value       = "https://${var.console_host}/"
}

output "turn_uris" {
  description = "TURN addresses handed to browsers (with per-user credentials of at most 10 minutes)."
  value       = kubernetes_config_map.media.data["CC_MEDIA_TURN_URIS"]
}
