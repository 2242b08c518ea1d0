// Key Vault for the app's secrets, read through Key Vault references in app settings with the app identity (Key
// Vault Secrets User), so no secret value is stored in the site's configuration or shown in the portal. The Web
// PubSub access keys are copied in at deployment time (the app needs them only to check upstream signatures).

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the function app identity (names the role assignments, known before deployment).')
param appIdentityId string

@description('Principal id of the function app identity.')
param appPrincipalId string

@description('Name of the existing Web PubSub resource whose access keys are stored.')
param webPubSubName string

@description('Base64 of at least 32 random bytes: signs agent and customer tokens.')
@secure()
param tokenSigningKey string

@description('The signing key being rotated out (tokens it signed stay valid until they expire); empty when not rotating.')
@secure()
param previousTokenSigningKey string

@description('Operator key for the admin API (at least 32 characters); empty disables the admin API.')
@secure()
param adminApiKey string

// Whether the optional secrets above are set, as plain flags: outputs may depend on these, never on the secrets.
@description('True when previousTokenSigningKey is set.')
param hasPreviousTokenSigningKey bool

@description('True when adminApiKey is set.')
param hasAdminApiKey bool

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUserRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentityId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'tokens-signing-key'
  properties: {
    value: tokenSigningKey
  }
}

resource previousSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasPreviousTokenSigningKey) {
  parent: vault
  name: 'tokens-previous-signing-key'
  properties: {
    value: previousTokenSigningKey
  }
}

resource adminApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasAdminApiKey) {
  parent: vault
  name: 'admin-api-key'
  properties: {
    value: adminApiKey
  }
}

resource webPubSubPrimaryKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'webpubsub-access-key'
  properties: {
    value: webPubSub.listKeys().primaryKey
  }
}

resource webPubSubSecondaryKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'webpubsub-secondary-access-key'
  properties: {
    value: webPubSub.listKeys().secondaryKey
  }
}

// Key Vault reference syntax for app settings; a reference without a version follows the newest secret version.
func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

output name string = vault.name
output secretsUserRoleAssignmentId string = secretsUserRole.id
output tokenSigningKeyReference string = keyVaultReference(signingKeySecret.properties.secretUri)
output previousTokenSigningKeyReference string = hasPreviousTokenSigningKey
  ? keyVaultReference(previousSigningKeySecret!.properties.secretUri)
  : ''
output adminApiKeyReference string = hasAdminApiKey ? keyVaultReference(adminApiKeySecret!.properties.secretUri) : ''
output webPubSubAccessKeyReference string = keyVaultReference(webPubSubPrimaryKeySecret.properties.secretUri)
output webPubSubSecondaryAccessKeyReference string = keyVaultReference(webPubSubSecondaryKeySecret.properties.secretUri)
