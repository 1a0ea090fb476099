// The one user-assigned managed identity IntelliFin runs as. Every data-plane permission
// (storage, Service Bus, Key Vault, App Insights, PostgreSQL) is granted to this identity,
// so no service needs a key or a connection string.

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
