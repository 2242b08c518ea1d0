// The Web PubSub service. The app calls its REST API with its managed identity (Web PubSub Service Owner); the
// access keys stay enabled because the service signs upstream CloudEvents (ce-signature) with them and the app
// checks that signature. The hub is a separate module: its event handler needs the function app's host name and key.

@description('Web PubSub resource name (globally unique).')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Free_F1 (20 connections, 20,000 messages a day, no SLA) or Standard_S1 (1,000 connections per unit).')
@allowed([
  'Free_F1'
  'Standard_S1'
])
param skuName string

@description('Units (Standard only; Free is always 1).')
@minValue(1)
@maxValue(100)
param capacity int

@description('Resource id of the function app identity (names the role assignments, known before deployment).')
param appIdentityId string

@description('Principal id of the function app identity.')
param appPrincipalId string

var webPubSubServiceOwnerRoleId = '12cf5a90-567b-43ae-8102-96cf46c7d9b4'

resource service 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName == 'Free_F1' ? 'Free' : 'Standard'
    capacity: skuName == 'Free_F1' ? 1 : capacity
  }
  properties: {
    disableLocalAuth: false
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
    tls: {
      clientCertEnabled: false
    }
  }
}

resource ownerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(service.id, appIdentityId, webPubSubServiceOwnerRoleId)
  scope: service
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwnerRoleId)
  }
}

output name string = service.name
output hostName string = service.properties.hostName
output ownerRoleAssignmentId string = ownerRole.id
