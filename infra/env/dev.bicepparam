// Development: the cheapest shape (Web PubSub Free, 20 connections; LRS storage). Secrets come from the
// environment of whoever deploys, never from this file:
//   export COBROWSE_TOKEN_SIGNING_KEY=$(openssl rand -base64 32)
//   export COBROWSE_ADMIN_API_KEY=$(openssl rand -base64 48)     # optional; empty disables the admin API
//   az deployment group create -g <group> -f infra/main.bicep -p infra/env/dev.bicepparam
using '../main.bicep'

param environmentName = 'dev'
param tokenSigningKey = readEnvironmentVariable('COBROWSE_TOKEN_SIGNING_KEY')
param previousTokenSigningKey = readEnvironmentVariable('COBROWSE_PREVIOUS_TOKEN_SIGNING_KEY', '')
param adminApiKey = readEnvironmentVariable('COBROWSE_ADMIN_API_KEY', '')
param webPubSubSku = 'Free_F1'
param storageSku = 'Standard_LRS'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param logRetentionInDays = 30
// Per-environment app settings go here (README: Configuration); e.g. shorter-lived client URLs while testing.
param extraAppSettings = {
  CoBrowse__WebPubSub__ClientTokenLifetimeMinutes: '30'
}
