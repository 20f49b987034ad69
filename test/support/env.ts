// Quiets the AWS SDK's notice that it will need Node 22: the project runs on Node 20 here and nodejs24.x in AWS.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
