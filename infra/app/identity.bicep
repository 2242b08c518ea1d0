// The user-assigned identity the function app runs as. User-assigned (not system-assigned) so its role assignments
// exist before the app starts: the host needs storage on its very first start, and the upstream key is written
// through the host right after the app is created.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
