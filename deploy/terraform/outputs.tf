output "function_name" {
  description = "The name to enter as Function Name in Apono's integration config."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}

output "role_name" {
  description = "The function's role: attach your application's own permissions (a secret's read, say) to it."
  value       = aws_iam_role.function.name
}

output "role_arn" {
  value = aws_iam_role.function.arn
}

output "table_name" {
  description = "The grants table (the function's GRANTS_TABLE)."
  value       = aws_dynamodb_table.grants.name
}

output "table_arn" {
  value = aws_dynamodb_table.grants.arn
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.function.name
}

output "errors_alarm_arn" {
  value = aws_cloudwatch_metric_alarm.errors.arn
}

output "reconcile_rule_arn" {
  description = "null without a reconcile schedule."
  value       = one(aws_cloudwatch_event_rule.reconcile[*].arn)
}

output "reconcile_orphaned_alarm_arn" {
  description = "null without a reconcile schedule."
  value       = one(aws_cloudwatch_metric_alarm.reconcile_orphaned[*].arn)
}
