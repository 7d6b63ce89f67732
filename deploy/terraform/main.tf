# An Apono "AWS Lambda Custom Integration" function built with apono-lambda-kit:
# the same resources as the CDK construct AponoIntegrationFunction
# (apono-lambda-kit/cdk). test/deploy/terraform-module.test.ts checks the tag, the
# table's key schema and TTL attribute, and the IAM actions against the constants
# DynamoDbGrantStore is written against (GrantTableSchema, GrantTableIamActions).

terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

locals {
  reconcile_enabled = var.reconcile != null
  table_name        = coalesce(var.table_name, "${var.function_name}-grants")

  # Apono's connector invokes only functions carrying this tag.
  connector_access_tag = { "apono-connector-access" = "true" }
}

# The grant ledger, as DynamoDbGrantStore expects it (GrantTableSchema): partition
# key pk (S), no sort key, on-demand, TTL on expiresAtEpochSec (REVOKED records).
resource "aws_dynamodb_table" "grants" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = var.table_deletion_protection
  tags                        = var.tags

  attribute {
    name = "pk"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAtEpochSec"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }
}

# The name Lambda logs to by default; created first, so that the function needs no
# logs:CreateLogGroup.
resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# An explicit role with no managed policy: AWSLambdaBasicExecutionRole's log actions are on "*".
resource "aws_iam_role" "function" {
  name_prefix        = "apono-integration-"
  description        = "apono-lambda-kit integration function ${var.function_name}: its grants table and its log group only"
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "function" {
  # Exactly what DynamoDbGrantStore sends at run time (GrantTableIamActions.runtime):
  # consistent single-item reads, conditional puts and updates. No DeleteItem, no
  # other table, no Scan (the CLI's `grants list` scans with an operator's credentials).
  statement {
    sid       = "GrantLedger"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.grants.arn]
  }

  # Reconcile reads the whole ledger, page by page (GrantTableIamActions.reconcile):
  # only with the schedule.
  dynamic "statement" {
    for_each = local.reconcile_enabled ? ["reconcile"] : []

    content {
      sid       = "GrantLedgerReconcile"
      actions   = ["dynamodb:Scan"]
      resources = [aws_dynamodb_table.grants.arn]
    }
  }

  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "grant-ledger-and-logs"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}

resource "aws_lambda_function" "this" {
  function_name    = var.function_name
  role             = aws_iam_role.function.arn
  filename         = var.zip_file
  source_code_hash = filebase64sha256(var.zip_file)
  handler          = "index.handler"
  runtime          = var.runtime
  architectures    = [var.architecture]
  memory_size      = var.memory_size
  timeout          = var.timeout

  environment {
    variables = merge(var.environment, { GRANTS_TABLE = aws_dynamodb_table.grants.name })
  }

  # Last in the merge: var.tags cannot turn the connector's tag off.
  tags = merge(var.tags, local.connector_access_tag)

  depends_on = [aws_iam_role_policy.function, aws_cloudwatch_log_group.function]
}

resource "aws_cloudwatch_event_rule" "reconcile" {
  count = local.reconcile_enabled ? 1 : 0

  name_prefix         = "apono-reconcile-"
  description         = "apono-lambda-kit reconcile of ${var.function_name}: the grant ledger checked against the application"
  schedule_expression = var.reconcile.schedule_expression
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "reconcile" {
  count = local.reconcile_enabled ? 1 : 0

  rule = aws_cloudwatch_event_rule.reconcile[0].name
  arn  = aws_lambda_function.this.arn
  input = jsonencode({
    event_type = "apono-lambda-kit:reconcile"
    params = {
      resource_types    = var.reconcile.resource_types
      dry_run           = var.reconcile.dry_run
      custom_parameters = var.reconcile.custom_parameters
    }
  })
}

# EventBridge may invoke the function from this rule only.
resource "aws_lambda_permission" "reconcile" {
  count = local.reconcile_enabled ? 1 : 0

  statement_id  = "AllowReconcileSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.reconcile[0].arn
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.function_name}-errors"
  alarm_description   = "An Apono integration invocation failed (grant, revoke, credentials or reconcile): see ${aws_cloudwatch_log_group.function.name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  tags                = var.tags
}

# The framework's EMF metric (dimensions FunctionName and EventType): access in the
# application that no live grant record accounts for.
resource "aws_cloudwatch_metric_alarm" "reconcile_orphaned" {
  count = local.reconcile_enabled ? 1 : 0

  alarm_name          = "${var.function_name}-reconcile-orphaned"
  alarm_description   = "A reconcile run found access that no live grant record accounts for (the \"reconcile finished\" log line lists it)."
  namespace           = var.metrics_namespace
  metric_name         = "ReconcileOrphaned"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name, EventType = "apono-lambda-kit:reconcile" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  tags                = var.tags
}
