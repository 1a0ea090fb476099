// Production: General Purpose PostgreSQL with zone-redundant HA and 35 days of backups,
// zone-redundant storage, one always-ready HTTP instance.
// Deploy: az deployment group create -g rg-intellifin-prod -f infra/main.bicep -p infra/parameters/prod.bicepparam
using '../main.bicep'

param environmentName = 'prod'
param appName = 'intellifin'
param staticWebAppLocation = 'westeurope'

param storageSkuName = 'Standard_ZRS'
param blobDeleteRetentionDays = 30
param logRetentionInDays = 90
param keyVaultSoftDeleteRetentionInDays = 90

// Elastic cluster (Citus schema-based sharding of tenant schemas): set
// postgresElasticCluster = true and postgresVersion = '17' together, on a new server only.
param postgresVersion = '16'
param postgresSkuName = 'Standard_D2ds_v5'
param postgresSkuTier = 'GeneralPurpose'
param postgresStorageSizeGB = 128
param postgresHighAvailability = 'ZoneRedundant'
param postgresBackupRetentionDays = 35
param postgresGeoRedundantBackup = true
param postgresElasticCluster = false
param postgresElasticClusterSize = 2
param postgresAllowAzureServices = true
param postgresOperatorIpAddresses = []
// Fill in before the first deployment: the Entra group of the people who run migrations.
param postgresOperatorPrincipalId = ''
param postgresOperatorPrincipalName = ''
param postgresSessionRole = 'intellifin_owner'

param functionInstanceMemoryMB = 2048
param functionMaximumInstanceCount = 100
param functionAlwaysReadyHttpInstances = 1

param logLevel = 'INFO'
