variable "function_name" {
  description = "The function's name: the one entered as Function Name in Apono's integration config."
  type        = string
}

variable "zip_file" {
  description = "Path to the function.zip that `npx apono-lambda build src/handler.ts --out dist-lambda --zip` writes (dist-lambda/function.zip)."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime. The bundle targets Node 22, so nodejs22.x works too."
  type        = string
  default     = "nodejs24.x"
}

variable "architecture" {
  description = "arm64 (the bundle is plain JavaScript) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory of the function, in MB."
  type        = number
  default     = 256
}

variable "timeout" {
  description = "Timeout of the function, in seconds. Grant locks expire with the invocation's deadline."
  type        = number
  default     = 30
}

variable "environment" {
  description = "The function's own environment variables. GRANTS_TABLE is set by the module (the table it creates)."
  type        = map(string)
  default     = {}

  validation {
    condition     = !contains(keys(var.environment), "GRANTS_TABLE")
    error_message = "GRANTS_TABLE is set by the module (the grants table it creates): remove it from environment."
  }
}

variable "table_name" {
  description = "The grants table's name. Default: \"<function_name>-grants\"."
  type        = string
  default     = null
}

variable "table_deletion_protection" {
  description = "DynamoDB deletion protection on the grants table: the ledger of who holds which access outlives the module."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days (one of the values CloudWatch Logs accepts)."
  type        = number
  default     = 30
}

variable "reconcile" {
  description = <<-EOT
    A reconcile schedule: an EventBridge rule that sends the apono-lambda-kit:reconcile event, and
    dynamodb:Scan on the grants table for the function. null (the default): neither.
    custom_parameters are the integration's custom parameters in Apono; they are stored in plain
    text in the rule's target, so never a secret.
  EOT
  type = object({
    schedule_expression = string
    resource_types      = list(string)
    custom_parameters   = optional(map(string), {})
    dry_run             = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.reconcile == null ? true : length(var.reconcile.resource_types) > 0 && alltrue([for type in var.reconcile.resource_types : trimspace(type) != ""])
    error_message = "reconcile.resource_types must name at least one resource type, each non-empty."
  }

  validation {
    condition     = var.reconcile == null ? true : can(regex("^(rate|cron)\\(.+\\)$", var.reconcile.schedule_expression))
    error_message = "reconcile.schedule_expression must be rate(...) or cron(...)."
  }
}

variable "metrics_namespace" {
  description = "The namespace of the framework's metrics, if bootstrap(Cls, { metrics: { namespace } }) changes it."
  type        = string
  default     = "AponoLambdaKit"
}

variable "alarm_actions" {
  description = "ARNs (an SNS topic, say) notified when an alarm goes off."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags of every resource. The function also gets apono-connector-access = \"true\"."
  type        = map(string)
  default     = {}
}
