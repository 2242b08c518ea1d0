// One storage account for everything: the Functions host (blob leases and keys), the Durable task hub (queues,
// tables, blobs), the Flex deployment package (a blob container) and CoBrowse's own tables (which the app creates
// at start-up). Shared keys are off: every caller uses Entra ID.

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Replication, e.g. Standard_LRS (dev) or Standard_ZRS (prod).')
param skuName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Resource id of the function app identity (names the role assignments, known before deployment).')
param appIdentityId string

@description('Principal id of the function app identity.')
param appPrincipalId string

// Built-in roles the app identity needs: the host and the Durable extension use blobs (leases, keys, large
// messages), queues (control and work-item queues) and tables (history and instances); CoBrowse uses tables; the
// Flex platform reads the deployment package with the same identity (blob).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(account.id, appIdentityId, role.value)
    scope: account
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
// Depending on this output makes a consumer wait for the role assignments, not just the account.
output roleAssignmentIds array = [for (role, i) in items(roles): roleAssignments[i].id]
