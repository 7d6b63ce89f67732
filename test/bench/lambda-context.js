// The Lambda context every bench handler receives: the fields Lambda sets, so that the
// Powertools Logger finds what it reads in the real runtime, and ours its deadline.
const lambdaContext = {
  awsRequestId: 'bench',
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  memoryLimitInMB: '1024',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

module.exports = { lambdaContext };
