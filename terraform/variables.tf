variable "kubeconfig" {
  description = "Path to the kubeconfig of the target cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "Context in the kubeconfig to deploy into."
  type        = string
  default     = null
}

variable "namespace" {
  description = "Namespace for the platform."
  type        = string
  default     = "hotline"
}

variable "image_registry" {
  description = "Registry holding the service images (built from the */target/*-exec.jar files)."
  type        = string
}

variable "image_tag" {
  description = "Tag of the service images."
  type        = string
  default     = "0.1.0"
}

variable "services" {
  description = "Replicas and memory per service. call-cloud scales with concurrent calls (Nanning: 512)."
  type = map(object({
    replicas = number
    memory   = string
    port     = number
  }))
  default = {
    gateway             = { replicas = 2, memory = "768Mi", port = 8080 }
    "auth-server"       = { replicas = 2, memory = "768Mi", port = 8080 }
    "tenant-service"    = { replicas = 2, memory = "768Mi", port = 8080 }
    "call-cloud"        = { replicas = 3, memory = "1Gi", port = 8080 }
    "ticket-service"    = { replicas = 2, memory = "1Gi", port = 8080 }
    "workforce-service" = { replicas = 2, memory = "768Mi", port = 8080 }
  }
}

variable "kurento_replicas" {
  description = "Kurento Media Servers; each carries a few hundred audio legs."
  type        = number
  default     = 2
}

variable "recording_retention_days" {
  description = "Object-lock retention for recordings (R-CALL-8: at least one year)."
  type        = number
  default     = 366

  validation {
    condition     = var.recording_retention_days >= 366
    error_message = "Recordings must be kept at least 366 days."
  }
}

variable "console_host" {
  description = "Public host name of the console (HTTPS; browsers give agents the microphone only on secure pages)."
  type        = string
}

variable "console_tls_secret" {
  description = "Kubernetes TLS secret with the console host's certificate (e.g. issued by cert-manager)."
  type        = string
  default     = "console-tls"
}

variable "ingress_class" {
  description = "Ingress class of the cluster's HTTPS ingress controller."
  type        = string
  default     = "nginx"
}

variable "turn_host" {
  description = "Public host name of the TURN servers (its certificate must match it)."
  type        = string
}

variable "turn_tls_secret" {
  description = "Kubernetes TLS secret with the TURN host's certificate (TURN over TLS on 443)."
  type        = string
  default     = "turn-tls"
}

variable "turn_replicas" {
  description = "coturn servers (host network: at most one per node)."
  type        = number
  default     = 2
}

variable "turn_relay_ports" {
  description = "UDP ports coturn relays media on; open them in the nodes' firewall."
  type = object({
    min = number
    max = number
  })
  default = { min = 49152, max = 65535 }

  validation {
    condition     = var.turn_relay_ports.min < var.turn_relay_ports.max
    error_message = "The relay port range must not be empty."
  }
}
