# The platform on Kubernetes: the distributed engines a large city needs, then the services.
# Operators and charts come from their own Helm repositories; pin chart versions per environment.

resource "kubernetes_namespace" "platform" {
  metadata {
    name = var.namespace
  }
}

# PostgreSQL with high availability through the CloudNativePG operator: one cluster, one database
# per service, created by the operator's bootstrap; services connect as a role without BYPASSRLS.
resource "helm_release" "cloudnative_pg" {
  name             = "cnpg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  namespace        = "cnpg-system"
  create_namespace = true
}

resource "helm_release" "redis" {
  name       = "redis"
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "redis"
  namespace  = kubernetes_namespace.platform.metadata[0].name

  set {
    name  = "architecture"
    value = "replication"
  }
  set {
    name  = "sentinel.enabled"
    value = "true"
  }
}

resource "helm_release" "pulsar" {
  name       = "pulsar"
  repository = "https://pulsar.apache.org/charts"
  chart      = "pulsar"
  namespace  = kubernetes_namespace.platform.metadata[0].name

  set {
    name  = "components.pulsar_manager"
    value = "false"
  }
}

# MinIO in distributed mode with object lock, so recordings under retention cannot be deleted.
resource "helm_release" "minio" {
  name       = "minio"
  repository = "https://charts.min.io/"
  chart      = "minio"
  namespace  = kubernetes_namespace.platform.metadata[0].name

  set {
    name  = "mode"
    value = "distributed"
  }
  set {
    name  = "replicas"
    value = "4"
  }
}

resource "kubernetes_deployment" "kurento" {
  metadata {
    name      = "kurento"
    namespace = kubernetes_namespace.platform.metadata[0].name
    labels    = { app = "kurento" }
  }
  spec {
    replicas = var.kurento_replicas
    selector {
      match_labels = { app = "kurento" }
    }
    template {
      metadata {
        labels = { app = "kurento" }
      }
      spec {
        host_network = true # RTP ports must be reachable by carriers and browsers
        container {
          name  = "kms"
          image = "kurento/kurento-media-server:7.3.0"
          port {
            container_port = 8888
          }
        }
      }
    }
  }
}

resource "kubernetes_deployment" "service" {
  for_each = var.services

  metadata {
    name      = each.key
    namespace = kubernetes_namespace.platform.metadata[0].name
    labels    = { app = each.key }
  }
  spec {
    replicas = each.value.replicas
    selector {
      match_labels = { app = each.key }
    }
    template {
      metadata {
        labels = { app = each.key }
      }
      spec {
        container {
          name  = each.key
          image = "${var.image_registry}/${each.key}:${var.image_tag}"
          port {
            container_port = each.value.port
          }
          env {
            name  = "SERVER_PORT"
            value = tostring(each.value.port)
          }
          env_from {
            secret_ref {
              name = "hotline-platform"
            }
          }
          env_from {
            config_map_ref {
              name = kubernetes_config_map.media.metadata[0].name
            }
          }
          resources {
            limits = { memory = each.value.memory }
          }
          liveness_probe {
            http_get {
              path = "/actuator/health/liveness"
              port = each.value.port
            }
          }
          readiness_probe {
            http_get {
              path = "/actuator/health/readiness"
              port = each.value.port
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service" "service" {
  for_each = var.services

  metadata {
    name      = each.key
    namespace = kubernetes_namespace.platform.metadata[0].name
  }
  spec {
    selector = { app = each.key }
    port {
      port        = 80
      target_port = each.value.port
    }
  }
}
