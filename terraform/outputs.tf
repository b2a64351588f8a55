output "namespace" {
  description = "Namespace the platform runs in."
  value       = kubernetes_namespace.platform.metadata[0].name
}

output "gateway_service" {
  description = "In-cluster address of the gateway, the platform's single entry."
  value       = "${kubernetes_service.service["gateway"].metadata[0].name}.${var.namespace}.svc"
}
