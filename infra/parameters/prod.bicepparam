// Production: General Purpose PostgreSQL with zone-redundant HA and 35 days of backups,
// zone-redundant storage, one always-ready HTTP instance and one for the durable group.
// Deploy: az deployment group create -g rg-intellifin-prod -f infra/main.bicep -p infra/parameters/prod.bicepparam
using '../main.bicep'

param environmentName = 'prod'
param appName = 'intellifin'
// Nearest region to Zambia with availability zones; check Flex Consumption and zone-redundant
// PostgreSQL there before the first deployment (docs/deployment.md, "Region").
param location = 'southafricanorth'
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
// The Entra group whose members administer PostgreSQL and run the migrations, read from the
// environment of whoever deploys (docs/deployment.md, section 2); deployment stops if unset.
param postgresOperatorPrincipalId = readEnvironmentVariable('INTELLIFIN_DB_OPERATORS_ID')
param postgresOperatorPrincipalName = readEnvironmentVariable('INTELLIFIN_DB_OPERATORS_NAME')
param postgresSessionRole = 'intellifin_owner'

param functionInstanceMemoryMB = 2048
param functionMaximumInstanceCount = 100
param functionAlwaysReadyHttpInstances = 1
// One warm instance for orchestrations and activities (Microsoft's Durable-on-Flex advice).
param functionAlwaysReadyDurableInstances = 1

// Outgoing mail through Azure Communication Services' SMTP relay (docs/deployment.md,
// section 3). The user name and sender exist only once ACS is set up, so they are read from
// the environment; the password is the Key Vault secret smtp-password.
param smtpHost = 'smtp.azurecomm.net'
param smtpPort = 587
param smtpUsername = readEnvironmentVariable('INTELLIFIN_SMTP_USERNAME')
param emailFrom = readEnvironmentVariable('INTELLIFIN_EMAIL_FROM')

param logLevel = 'INFO'
