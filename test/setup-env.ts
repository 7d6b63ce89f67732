// The AWS SDK warns once per process that its 2027 releases will need Node 22; this
// machine runs Node 20 on purpose (Lambda's nodejs22.x is the deploy target).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
