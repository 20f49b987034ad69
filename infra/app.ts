/** The CDK app the CLI runs (`cdk.json`): `npx cdk synth`, `npx cdk deploy -c environmentName=prod ...`. */
import { createApp } from './create-app.ts';

createApp().app.synth();
