// PostgreSQL flexible server with Microsoft Entra authentication only (no password login
// exists). The app identity is an Entra administrator, so its PostgreSQL role is created by
// the service; an operator principal (a person or, better, a group) is a second
// administrator so that people can sign in to run migrations and map further principals.
//
// With `elasticCluster` the same resource becomes an elastic cluster (managed Citus): each
// tenant schema can then be distributed with `citus_schema_distribute` and placed on its own
// node, with no change to the application's SQL. Elastic clusters have one database,
// `postgres`, and support PostgreSQL 17 (see docs/deployment.md).

@description('Server name (3-63 lowercase letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(63)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('PostgreSQL major version.')
param version string

@description('Compute SKU, e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param skuName string

@description('Compute tier; must match skuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string

@description('Storage size in GiB.')
@minValue(32)
param storageSizeGB int

@description('High availability: Disabled for dev (and required for Burstable), ZoneRedundant for prod.')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param highAvailabilityMode string

@description('Days of point-in-time restore.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int

@description('Keep a copy of backups in the paired region.')
param geoRedundantBackup bool

@description('Create an elastic cluster (Citus) instead of a single server.')
param elasticCluster bool

@description('Nodes in the elastic cluster; ignored unless elasticCluster is true.')
@minValue(1)
@maxValue(20)
param elasticClusterSize int

@description('Application database; an elastic cluster always uses its single database, postgres.')
param databaseName string

@description('Extensions the migrations may CREATE (the azure.extensions allow-list).')
param extensions string[]

@description('Allow connections from any Azure-hosted address (the Flex Consumption app has no fixed outbound IPs without a VNet). Entra authentication is still required.')
param allowAzureServices bool

@description('Public IPv4 addresses of operators\' machines allowed to connect (for migrations and psql).')
param operatorIpAddresses string[]

@description('Principal (object) id of the app identity; becomes an Entra administrator.')
param appPrincipalId string

@description('Name of the app identity; it is also the PostgreSQL role name the app signs in with.')
param appPrincipalName string

@description('Second Entra administrator, for people: object id of a group (or a user). Operators run the migrations as it.')
@minLength(1)
param operatorPrincipalId string

@description('Display name of the operator principal (the PostgreSQL role name people sign in with).')
@minLength(1)
param operatorPrincipalName string

@description('Type of the operator principal.')
@allowed([
  'Group'
  'User'
])
param operatorPrincipalType string

var serverProperties = {
  version: version
  createMode: 'Default'
  authConfig: {
    activeDirectoryAuth: 'Enabled'
    passwordAuth: 'Disabled'
    tenantId: tenant().tenantId
  }
  storage: {
    storageSizeGB: storageSizeGB
    // Storage autogrow is not available on elastic clusters.
    autoGrow: elasticCluster ? 'Disabled' : 'Enabled'
  }
  backup: {
    backupRetentionDays: backupRetentionDays
    geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
  }
  highAvailability: {
    mode: highAvailabilityMode
  }
  network: {
    publicNetworkAccess: 'Enabled'
  }
}

// The cluster property is only sent when asked for, so a plain server stays a plain server.
var clusterProperties = elasticCluster ? {
  cluster: {
    clusterSize: elasticClusterSize
  }
} : {}

var appAdministrator = [
  {
    objectId: appPrincipalId
    principalName: appPrincipalName
    principalType: 'ServicePrincipal'
  }
]

var operatorAdministrator = [
  {
    objectId: operatorPrincipalId
    principalName: operatorPrincipalName
    principalType: operatorPrincipalType
  }
]

var administrators = concat(appAdministrator, operatorAdministrator)

var azureServicesRule = allowAzureServices ? [
  {
    name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
] : []

var operatorRules = [
  for (address, index) in operatorIpAddresses: {
    name: 'operator-${index}'
    startIpAddress: address
    endIpAddress: address
  }
]

var firewallRules = concat(azureServicesRule, operatorRules)

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: union(serverProperties, clusterProperties)
}

// The server accepts one control-plane change at a time, so the children below are
// created one after another.
@batchSize(1)
resource entraAdministrators 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2025-08-01' = [
  for admin in administrators: {
    parent: server
    name: admin.objectId
    properties: {
      principalType: admin.principalType
      principalName: admin.principalName
      tenantId: tenant().tenantId
    }
  }
]

resource extensionAllowList 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: toUpper(join(extensions, ','))
    source: 'user-override'
  }
  dependsOn: [
    entraAdministrators
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = if (!elasticCluster) {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    extensionAllowList
  ]
}

@batchSize(1)
resource firewall 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = [
  for rule in firewallRules: {
    parent: server
    name: rule.name
    properties: {
      startIpAddress: rule.startIpAddress
      endIpAddress: rule.endIpAddress
    }
    dependsOn: [
      database
    ]
  }
]

output id string = server.id
output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = elasticCluster ? 'postgres' : databaseName
