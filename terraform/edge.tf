# What browsers of remote agents reach from outside: the console through an HTTPS ingress in front of the gateway, and
# coturn for WebRTC media (TURN over TLS on 443, so agents behind office firewalls that only let HTTPS out still get
# audio). call-cloud hands each signed-in agent a credential of at most 10 minutes made with the same shared secret
# (GET /api/call/tenants/{t}/webrtc/ice-servers; media's TurnCredentials).

resource "kubernetes_ingress_v1" "console" {
  metadata {
    name      = "console"
    namespace = kubernetes_namespace.platform.metadata[0].name
    annotations = {
      # the agent and supervisor sockets stay open for a whole shift
      "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600"
      "nginx.ingress.kubernetes.io/proxy-send-timeout" = "3600"
    }
  }
  spec {
    ingress_class_name = var.ingress_class
    tls {
      hosts       = [var.console_host]
      secret_name = var.console_tls_secret
    }
    rule {
      host = var.console_host
      http {
        path {
          path      = "/"
          path_type = "Prefix"
          backend {
            service {
              name = kubernetes_service.service["gateway"].metadata[0].name
              port {
                number = 80
              }
            }
          }
        }
      }
    }
  }
}

# coturn on the host network (relay ports must be reachable as they are): TURN over UDP 3478 for agents on open
# networks, TURN over TLS on 443 for the rest. The static auth secret is CC_MEDIA_TURN_SECRET of the platform secret.
resource "kubernetes_deployment" "coturn" {
  metadata {
    name      = "coturn"
    namespace = kubernetes_namespace.platform.metadata[0].name
    labels    = { app = "coturn" }
  }
  spec {
    replicas = var.turn_replicas
    selector {
      match_labels = { app = "coturn" }
    }
    template {
      metadata {
        labels = { app = "coturn" }
      }
      spec {
        host_network = true
        container {
          name  = "coturn"
          image = "coturn/coturn:4.6.2"
          args = [
            "--listening-port=3478",
            "--tls-listening-port=443",
            "--realm=${var.turn_host}",
            "--use-auth-secret",
            "--static-auth-secret=$(CC_MEDIA_TURN_SECRET)",
            "--cert=/etc/coturn/tls/tls.crt",
            "--pkey=/etc/coturn/tls/tls.key",
            "--min-port=${var.turn_relay_ports.min}",
            "--max-port=${var.turn_relay_ports.max}",
            "--fingerprint",
            "--no-cli",
            "--no-multicast-peers",
            "--log-file=stdout",
          ]
          env {
            name = "CC_MEDIA_TURN_SECRET"
            value_from {
              secret_key_ref {
                name = "hotline-platform"
                key  = "CC_MEDIA_TURN_SECRET"
              }
            }
          }
          security_context {
            capabilities {
              add = ["NET_BIND_SERVICE"]
            }
          }
          volume_mount {
            name       = "tls"
            mount_path = "/etc/coturn/tls"
            read_only  = true
          }
        }
        volume {
          name = "tls"
          secret {
            secret_name = var.turn_tls_secret
          }
        }
      }
    }
  }
}

# The TURN addresses call-cloud gives the browsers, next to the platform secret's CC_* variables.
resource "kubernetes_config_map" "media" {
  metadata {
    name      = "hotline-media"
    namespace = kubernetes_namespace.platform.metadata[0].name
  }
  data = {
    CC_MEDIA_TURN_URIS = join(",", [
      "turns:${var.turn_host}:443?transport=tcp",
      "turn:${var.turn_host}:3478?transport=udp",
    ])
  }
}
