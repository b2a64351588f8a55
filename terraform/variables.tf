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
