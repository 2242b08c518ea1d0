// CoBrowse on Azure: a Flex Consumption function app (.NET 10 isolated) running as a user-assigned identity, one
// storage account (host, Durable task hub, deployment package, CoBrowse tables), Web PubSub with hub "cobrowse"
// whose event handler calls the app's upstream function with a generated function key, Key Vault for the secrets,
// and Application Insights on a Log Analytics workspace. Deploy with `azd up` or `az deployment group create`
// (see infra/README.md).
targetScope = 'resourceGroup'

@description('Environment name (dev, prod, ...): part of every resource name and tag.')
@minLength(1)
@maxLength(16)
param environmentName string

@description('Azure region; must offer Flex Consumption and Web PubSub.')
param location string = resourceGroup().location

@description('Base64 of at least 32 random bytes (openssl rand -base64 32): signs agent and customer tokens.')
@secure()
param tokenSigningKey string

@description('During a signing key rotation: the old key, so tokens it signed stay valid until they expire.')
@secure()
param previousTokenSigningKey string = ''

@description('Operator key for the admin API (X-CoBrowse-Admin-Key), at least 32 characters; empty disables the admin API.')
@secure()
param adminApiKey string = ''

@description('Web PubSub tier: Free_F1 for trials (20 connections), Standard_S1 for production.')
@allowed([
  'Free_F1'
  'Standard_S1'
])
param webPubSubSku string = 'Free_F1'

@description('Web PubSub units (Standard_S1: 1,000 concurrent connections each).')
@minValue(1)
@maxValue(100)
param webPubSubCapacity int = 1

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Memory of each function instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('User events Web PubSub forwards to the app: activity (postpones the inactivity end) and navigated (timeline). The upstream handler answers 400 to events it does not know.')
param upstreamUserEvents array = [
  'activity'
  'navigated'
]

@description('Function key Web PubSub sends as ?code= to the upstream function. Default: new random value on every deployment (the hub is updated in the same deployment).')
@secure()
@minLength(32)
param upstreamKey string = replace('${newGuid()}${newGuid()}', '-', '')

@description('More app settings (name to value), e.g. {"CoBrowse__Sessions__OfferLifetimeSeconds": "300"}.')
param extraAppSettings object = {}

@description('Extra tags for every resource.')
param tags object = {}

var hubName = 'cobrowse'
var upstreamKeyName = 'webpubsub-upstream'
// Stable per subscription, resource group and environment, so names are globally unique yet redeployable.
var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
// Known before deployment (what-if can name the role assignments), unlike the identity's principal id.
var identityId = resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'cobrowse'
})
var names = {
  identity: 'id-cobrowse-${token}'
  logAnalytics: 'log-cobrowse-${token}'
  applicationInsights: 'appi-cobrowse-${token}'
  storage: 'stcb${token}'
  keyVault: 'kv-cb-${token}'
  webPubSub: 'wps-cobrowse-${token}'
  plan: 'plan-cobrowse-${token}'
  functionApp: 'func-cobrowse-${token}'
  deploymentContainer: 'app-package-${token}'
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
    publisherIdentityId: identityId
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSku
    deploymentContainerName: names.deploymentContainer
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
  }
}

module webPubSub 'app/webpubsub.bicep' = {
  name: 'webpubsub'
  params: {
    name: names.webPubSub
    location: location
    tags: allTags
    skuName: webPubSubSku
    capacity: webPubSubCapacity
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    appIdentityId: identityId
    appPrincipalId: identity.outputs.principalId
    webPubSubName: names.webPubSub
    tokenSigningKey: tokenSigningKey
    previousTokenSigningKey: previousTokenSigningKey
    hasPreviousTokenSigningKey: !empty(previousTokenSigningKey)
    adminApiKey: adminApiKey
    hasAdminApiKey: !empty(adminApiKey)
    softDeleteRetentionInDays: 7
  }
  dependsOn: [
    webPubSub
  ]
}

// Uses outputs of storage, Web PubSub, Key Vault and monitoring, so it waits for their role assignments too: the
// host reaches storage and resolves its Key Vault references on its first start.
module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableEndpoint: storage.outputs.tableEndpoint
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    webPubSubHostName: webPubSub.outputs.hostName
    webPubSubHub: hubName
    vaultReferences: {
      tokenSigningKey: keyVault.outputs.tokenSigningKeyReference
      previousTokenSigningKey: keyVault.outputs.previousTokenSigningKeyReference
      adminApiKey: keyVault.outputs.adminApiKeyReference
      webPubSubAccessKey: keyVault.outputs.webPubSubAccessKeyReference
      webPubSubSecondaryAccessKey: keyVault.outputs.webPubSubSecondaryAccessKeyReference
    }
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    trustedProxyHops: 1
    extraAppSettings: extraAppSettings
    upstreamKeyName: upstreamKeyName
    upstreamKey: upstreamKey
  }
}

module hub 'app/webpubsub-hub.bicep' = {
  name: 'webpubsub-hub'
  params: {
    webPubSubName: names.webPubSub
    hubName: hubName
    functionHostName: functionApp.outputs.defaultHostName
    upstreamKey: upstreamKey
    userEvents: upstreamUserEvents
  }
}

@description('Base URL of the function app.')
output functionUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Base URL of the HTTP API v1.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api/v1'

@description('Function app name (az functionapp / azd deploy target).')
output functionAppName string = functionApp.outputs.name

@description('Web PubSub host name.')
output webPubSubHostName string = webPubSub.outputs.hostName

@description('Web PubSub hub the app uses.')
output webPubSubHub string = hub.outputs.name

@description('Key Vault holding the app secrets.')
output keyVaultName string = keyVault.outputs.name

@description('Storage account (host, task hub, tables, deployment package).')
output storageAccountName string = storage.outputs.name

@description('Application Insights component.')
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
