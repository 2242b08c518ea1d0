// Checks the ARM template compiled from infra/main.bicep (and the compiled parameter files) against what the app
// needs and what the code says: the hub and its event handler URL (route and auth level read from the upstream
// function, route prefix from host.json), the generated upstream key shared by the function key and the hub, the role
// assignments, the Flex Consumption app and its settings (names read from local.settings.sample.json), the outputs.
// Run by scripts/bicep-check.sh, which compiles into BICEP_OUT first.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.env.BICEP_OUT ?? join(repo, '.local', 'bicep', 'out');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const main = readJson(join(out, 'main.json'));

const roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  webPubSubServiceOwner: '12cf5a90-567b-43ae-8102-96cf46c7d9b4',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
};

/** A template's resources as an array (language version 2.0 templates keep them in an object). */
const resourcesOf = (template) =>
  Array.isArray(template.resources) ? template.resources : Object.values(template.resources);

/** The nested deployment main.bicep creates for a module, by its deployment name. */
function moduleNamed(name) {
  const deployment = main.resources.find(
    (r) => r.type === 'Microsoft.Resources/deployments' && r.name === name,
  );
  assert.ok(deployment, `main.bicep deploys a module named ${name}`);
  return { params: deployment.properties.parameters, template: deployment.properties.template };
}

function onlyResource(template, type) {
  const found = resourcesOf(template).filter((r) => r.type === type && !r.existing);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0];
}

/** Resolves "[variables('x')]" (main's variables) and plain values; anything else is returned as written. */
function resolveInMain(value) {
  const match = typeof value === 'string' && /^\[variables\('(\w+)'\)\]$/.exec(value);
  return match ? main.variables[match[1]] : value;
}

/** "[reference(resourceId('Microsoft.Resources/deployments', 'm'), ...).outputs.o.value]" → "m.o". */
function moduleOutputRef(value) {
  const match = /^\[reference\(resourceId\('Microsoft\.Resources\/deployments', '([\w-]+)'\), '[\d-]+'\)\.outputs\.(\w+)\.value\]$/.exec(
    value,
  );
  return match ? `${match[1]}.${match[2]}` : undefined;
}

const upstreamSource = readFileSync(
  join(repo, 'functions', 'CoBrowse.Functions', 'Realtime', 'UpstreamFunctions.cs'),
  'utf8',
);

test('hub "cobrowse" sends connect, connected, disconnected and the user events to the upstream function with the key', () => {
  const hubModule = moduleNamed('webpubsub-hub');
  const hub = onlyResource(hubModule.template, 'Microsoft.SignalRService/webPubSub/hubs');
  assert.match(hub.name, /parameters\('hubName'\)/);
  assert.equal(resolveInMain(hubModule.params.hubName.value), 'cobrowse');
  assert.equal(hub.properties.anonymousConnectPolicy, 'deny');
  assert.equal(hub.properties.eventHandlers.length, 1);
  const handler = hub.properties.eventHandlers[0];

  // The URL is the upstream function's route under host.json's prefix, with the key as ?code=.
  const trigger = /\[HttpTrigger\(AuthorizationLevel\.(\w+),[^\]]*Route = "([^"]+)"\)\]/.exec(upstreamSource);
  assert.ok(trigger, 'UpstreamFunctions.cs has an HttpTrigger with a route');
  assert.equal(trigger[1], 'Function', 'the upstream function takes a function key');
  const routePrefix = readJson(join(repo, 'host.json')).extensions.http.routePrefix;
  assert.equal(
    handler.urlTemplate,
    `[format('https://{0}/${routePrefix}/${trigger[2]}?code={1}', parameters('functionHostName'), parameters('upstreamKey'))]`,
  );
  assert.equal(moduleOutputRef(hubModule.params.functionHostName.value), 'function-app.defaultHostName');

  const systemEvents = hubModule.template.variables.systemEvents;
  assert.deepEqual([...systemEvents].sort(), ['connect', 'connected', 'disconnected']);
  assert.equal(handler.systemEvents, "[variables('systemEvents')]");
  assert.equal(handler.userEventPattern, "[join(parameters('userEvents'), ',')]");
  assert.equal(hubModule.params.userEvents.value, "[parameters('upstreamUserEvents')]");
  assert.equal(handler.auth.type, 'None', 'the function key and ce-signature secure the handler');
});

test('every user event the hub forwards is one the upstream handler knows', () => {
  const forwarded = main.parameters.upstreamUserEvents.defaultValue;
  assert.ok(forwarded.includes('activity'));
  const realtimeDir = join(repo, 'functions', 'CoBrowse.Infrastructure', 'WebPubSub');
  const sources = readdirSync(realtimeDir)
    .filter((f) => f.endsWith('.cs'))
    .map((f) => readFileSync(join(realtimeDir, f), 'utf8'))
    .join('\n');
  for (const name of forwarded) {
    assert.match(sources, new RegExp(`public const string \\w+ = "${name}";`), `a handler declares the event ${name}`);
  }
});

test('one generated secret is both the function key on the host and the key in the hub URL', () => {
  const upstreamKey = main.parameters.upstreamKey;
  assert.equal(upstreamKey.type, 'securestring');
  assert.match(upstreamKey.defaultValue, /newGuid\(\).*newGuid\(\)/, 'two GUIDs of randomness by default');
  assert.ok(upstreamKey.minLength >= 32, 'a pinned key cannot be short');

  const app = moduleNamed('function-app');
  const key = onlyResource(app.template, 'Microsoft.Web/sites/host/functionKeys');
  assert.equal(key.properties.value, "[parameters('upstreamKey')]");
  assert.equal(app.params.upstreamKey.value, "[parameters('upstreamKey')]");
  assert.equal(moduleNamed('webpubsub-hub').params.upstreamKey.value, "[parameters('upstreamKey')]");
  assert.equal(app.template.parameters.upstreamKey.type, 'securestring');
  assert.equal(moduleNamed('webpubsub-hub').template.parameters.upstreamKey.type, 'securestring');
});

test('the app identity gets exactly the data-plane roles it needs, each on its resource', () => {
  const expected = [
    ['storage', 'Microsoft.Storage/storageAccounts', roleIds.storageBlobDataOwner],
    ['storage', 'Microsoft.Storage/storageAccounts', roleIds.storageQueueDataContributor],
    ['storage', 'Microsoft.Storage/storageAccounts', roleIds.storageTableDataContributor],
    ['webpubsub', 'Microsoft.SignalRService/webPubSub', roleIds.webPubSubServiceOwner],
    ['keyvault', 'Microsoft.KeyVault/vaults', roleIds.keyVaultSecretsUser],
    ['monitoring', 'Microsoft.Insights/components', roleIds.monitoringMetricsPublisher],
  ];
  const found = [];
  for (const deployment of main.resources) {
    const { parameters, template } = deployment.properties;
    for (const assignment of resourcesOf(template).filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')) {
      const scopeType = /resourceId\('([^']+)'/.exec(assignment.scope)?.[1];
      // Role ids are either one variable or a copy loop over an object variable of ids.
      const roleExpr = assignment.properties.roleDefinitionId;
      const single = /variables\('(\w+)'\)\)\]$/.exec(roleExpr);
      const looped = /items\(variables\('(\w+)'\)\)\[copyIndex\(\)\]\.value/.exec(roleExpr);
      const ids = looped ? Object.values(template.variables[looped[1]]) : [template.variables[single[1]]];
      if (looped) {
        assert.equal(assignment.copy.count, `[length(items(variables('${looped[1]}')))]`);
      }
      // The principal is the identity module's principal id, passed in as a parameter.
      const principalParam = /^\[parameters\('(\w+)'\)\]$/.exec(assignment.properties.principalId)[1];
      assert.equal(moduleOutputRef(parameters[principalParam].value), 'identity.principalId');
      assert.equal(assignment.properties.principalType, 'ServicePrincipal');
      for (const id of ids) {
        found.push([deployment.name, scopeType, id]);
      }
    }
  }
  const key = (row) => row.join(' ');
  assert.deepEqual(found.map(key).sort(), expected.map(key).sort());
});

test('the function app is Flex Consumption, .NET 10 isolated, runs as the identity, with no platform CORS', () => {
  const { template } = moduleNamed('function-app');
  const plan = onlyResource(template, 'Microsoft.Web/serverfarms');
  assert.deepEqual(plan.sku, { tier: 'FlexConsumption', name: 'FC1' });
  const site = onlyResource(template, 'Microsoft.Web/sites');
  assert.equal(site.kind, 'functionapp,linux');
  assert.equal(site.identity.type, 'UserAssigned');
  assert.equal(site.properties.httpsOnly, true);
  assert.equal(site.properties.siteConfig.cors, undefined, 'the functions answer CORS themselves');
  const config = site.properties.functionAppConfig;
  assert.deepEqual(config.runtime, { name: 'dotnet-isolated', version: '10.0' });
  assert.equal(config.deployment.storage.type, 'blobContainer');
  assert.equal(config.deployment.storage.authentication.type, 'UserAssignedIdentity');
  assert.equal(config.scaleAndConcurrency.instanceMemoryMB, "[parameters('instanceMemoryMB')]");
  assert.equal(config.scaleAndConcurrency.maximumInstanceCount, "[parameters('maximumInstanceCount')]");
  assert.equal(site.properties.keyVaultReferenceIdentity, "[parameters('identityId')]");
  assert.ok(site.tags.includes("'azd-service-name', 'api'"), 'azd finds the app by its service tag');

  const storage = onlyResource(moduleNamed('storage').template, 'Microsoft.Storage/storageAccounts');
  assert.equal(storage.properties.allowSharedKeyAccess, false, 'identity only: no account keys in use');
});

test('app settings: identity-based storage, every CoBrowse setting is one the app reads, secrets only as Key Vault references', () => {
  const app = moduleNamed('function-app');
  const settings = app.template.variables.defaultSettings;
  assert.equal(app.template.variables.settings, "[union(variables('defaultSettings'), parameters('extraAppSettings'))]");
  const copy = onlyResource(app.template, 'Microsoft.Web/sites').properties.siteConfig.copy[0];
  assert.equal(copy.name, 'appSettings');
  assert.equal(copy.count, "[length(items(variables('settings')))]");

  assert.equal(settings.AzureWebJobsStorage__accountName, "[parameters('storageAccountName')]");
  assert.equal(settings.AzureWebJobsStorage__credential, 'managedidentity');
  assert.equal(settings.AzureWebJobsStorage__clientId, "[parameters('identityClientId')]");
  assert.equal(settings.AZURE_CLIENT_ID, "[parameters('identityClientId')]");
  for (const forbidden of ['AzureWebJobsStorage', 'FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_EXTENSION_VERSION', 'WEBSITE_RUN_FROM_PACKAGE']) {
    assert.equal(settings[forbidden], undefined, `${forbidden} is not set (connection strings or not allowed on Flex)`);
  }

  const known = Object.keys(readJson(join(repo, 'local.settings.sample.json')).Values);
  const ours = Object.keys(settings).filter((name) => name.startsWith('CoBrowse__'));
  for (const name of ours) {
    assert.ok(known.includes(name), `${name} is a setting the app documents (local.settings.sample.json)`);
  }
  assert.equal(settings.CoBrowse__Storage__ConnectionString, undefined, 'tables through the identity');
  assert.equal(settings.CoBrowse__WebPubSub__ConnectionString, undefined, 'Web PubSub REST through the identity');
  assert.equal(settings.CoBrowse__WebPubSub__Hub, "[parameters('webPubSubHub')]");
  assert.equal(resolveInMain(app.params.webPubSubHub.value), 'cobrowse');
  assert.equal(settings.CoBrowse__Storage__TableServiceUri, "[parameters('tableEndpoint')]");
  assert.equal(moduleOutputRef(app.params.tableEndpoint.value), 'storage.tableEndpoint');

  const vaulted = {
    CoBrowse__Tokens__SigningKey: 'tokenSigningKey',
    CoBrowse__Tokens__PreviousSigningKey: 'previousTokenSigningKey',
    CoBrowse__Admin__ApiKey: 'adminApiKey',
    CoBrowse__WebPubSub__AccessKey: 'webPubSubAccessKey',
    CoBrowse__WebPubSub__SecondaryAccessKey: 'webPubSubSecondaryAccessKey',
  };
  const references = app.params.vaultReferences.value;
  const vault = moduleNamed('keyvault').template;
  for (const [setting, field] of Object.entries(vaulted)) {
    assert.equal(settings[setting], `[parameters('vaultReferences').${field}]`);
    assert.equal(moduleOutputRef(references[field]), `keyvault.${field}Reference`);
    assert.match(vault.outputs[`${field}Reference`].value, /__bicep\.keyVaultReference\(reference\('\w+'\)\.secretUri\)/);
  }
  assert.equal(vault.functions[0].members.keyVaultReference.output.value, "[format('@Microsoft.KeyVault(SecretUri={0})', parameters('secretUri'))]");
  const secretValues = resourcesOf(vault)
    .filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets')
    .map((r) => r.properties.value)
    .sort();
  assert.deepEqual(secretValues, [
    "[listKeys('webPubSub', '2024-03-01').primaryKey]",
    "[listKeys('webPubSub', '2024-03-01').secondaryKey]",
    "[parameters('adminApiKey')]",
    "[parameters('previousTokenSigningKey')]",
    "[parameters('tokenSigningKey')]",
  ]);
  for (const secret of ['tokenSigningKey', 'previousTokenSigningKey', 'adminApiKey']) {
    assert.equal(main.parameters[secret].type, 'securestring', `${secret} is a secure parameter`);
  }
});

test('outputs: function URL, API base URL, app name and Web PubSub host name', () => {
  const hostName = "reference(resourceId('Microsoft.Resources/deployments', 'function-app'), '2025-04-01').outputs.defaultHostName.value";
  assert.equal(main.outputs.functionUrl.value, `[format('https://{0}', ${hostName})]`);
  assert.equal(main.outputs.apiBaseUrl.value, `[format('https://{0}/api/v1', ${hostName})]`);
  assert.equal(moduleOutputRef(main.outputs.functionAppName.value), 'function-app.name');
  assert.equal(moduleOutputRef(main.outputs.webPubSubHostName.value), 'webpubsub.hostName');
  for (const output of Object.values(main.outputs)) {
    assert.equal(output.type, 'string');
  }
});

test('parameter files set only declared parameters and never hold a secret', () => {
  const declared = Object.keys(main.parameters);
  const secure = declared.filter((name) => main.parameters[name].type === 'securestring');
  for (const env of ['dev', 'prod']) {
    const compiled = readJson(join(out, `${env}.json`)).parameters;
    for (const name of Object.keys(compiled)) {
      assert.ok(declared.includes(name), `${env}: ${name} is a parameter of main.bicep`);
    }
    const source = readFileSync(join(repo, 'infra', 'env', `${env}.bicepparam`), 'utf8');
    for (const name of secure.filter((n) => n in compiled)) {
      assert.match(source, new RegExp(`^param ${name} = readEnvironmentVariable\\(`, 'm'), `${env}: ${name} comes from the environment`);
    }
  }
  assert.equal(readJson(join(out, 'prod.json')).parameters.webPubSubSku.value, 'Standard_S1');

  const azd = readJson(join(repo, 'infra', 'main.parameters.json')).parameters;
  for (const [name, { value }] of Object.entries(azd)) {
    assert.ok(declared.includes(name), `main.parameters.json: ${name} is a parameter of main.bicep`);
    if (secure.includes(name)) {
      assert.match(value, /^\$\{[A-Z_]+=?\}$/, `main.parameters.json: ${name} comes from the azd environment`);
    }
  }
});

test('azure.yaml deploys the functions project with the infra folder', () => {
  const yaml = readFileSync(join(repo, 'azure.yaml'), 'utf8');
  assert.match(yaml, /^infra:\n {2}provider: bicep\n {2}path: infra\n {2}module: main$/m);
  const project = /^ {4}project: (.+)$/m.exec(yaml)?.[1];
  assert.ok(project, 'the api service names its project');
  assert.ok(existsSync(join(repo, project, 'CoBrowse.Functions.csproj')), `${project} holds the functions project`);
  assert.match(yaml, /^ {4}host: function$/m);
  assert.match(yaml, /^ {4}language: dotnet$/m);
});
