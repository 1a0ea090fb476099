// The Static Web App that serves static_site/. It is created before the function app so
// that the function app can be told its public URL; the link to the backend is made
// afterwards (static-web-app-backend.bicep).

@description('Static Web App name.')
param name string

@description('Region of the Static Web App (the service exists in a few regions only).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param location string

@description('Tags for every resource.')
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  // Standard is required for a linked (bring-your-own) function app backend.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    allowConfigFileUpdates: true
    // Linked backends are not available in preview environments; keep only production.
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output id string = site.id
output name string = site.name
output defaultHostname string = site.properties.defaultHostname
