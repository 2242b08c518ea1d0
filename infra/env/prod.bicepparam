// Production: Web PubSub Standard (1,000 connections per unit, SLA), zone-redundant storage, longer log retention.
// Secrets come from the deploying pipeline's environment (e.g. its secret store), never from this file:
//   COBROWSE_TOKEN_SIGNING_KEY (required), COBROWSE_PREVIOUS_TOKEN_SIGNING_KEY (during a rotation),
//   and COBROWSE_ADMIN_API_KEY (empty disables the admin API).
using '../main.bicep'

param environmentName = 'prod'
param tokenSigningKey = readEnvironmentVariable('COBROWSE_TOKEN_SIGNING_KEY')
param previousTokenSigningKey = readEnvironmentVariable('COBROWSE_PREVIOUS_TOKEN_SIGNING_KEY', '')
param adminApiKey = readEnvironmentVariable('COBROWSE_ADMIN_API_KEY', '')
param webPubSubSku = 'Standard_S1'
param webPubSubCapacity = 1
param storageSku = 'Standard_ZRS'
param instanceMemoryMB = 2048
param maximumInstanceCount = 200
param logRetentionInDays = 90
param tags = {
  environment: 'production'
}
