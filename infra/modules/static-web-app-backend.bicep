// Links the function app to the Static Web App: SWA proxies every /api/... request to it.
// Linking also turns on App Service authentication on the function app with the
// "Azure Static Web Apps (Linked)" provider, so the app answers only through SWA.

@description('Name of the existing Static Web App.')
param staticWebAppName string

@description('Resource id of the function app.')
param functionAppId string

@description('Region of the function app.')
param functionAppLocation string

resource staticSite 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticWebAppName
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticSite
  name: 'backend'
  properties: {
    backendResourceId: functionAppId
    region: functionAppLocation
  }
}

output backendName string = backend.name
