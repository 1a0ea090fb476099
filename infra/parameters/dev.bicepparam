// Development: smallest sizes, scale to zero, no HA, 7 days of backups.
// Deploy: az deployment group create -g rg-intellifin-dev -f infra/main.bicep -p infra/parameters/dev.bicepparam
using '../main.bicep'

param environmentName = 'dev'
param appName = 'intellifin'
param staticWebAppLocation = 'westeurope'

param storageSkuName = 'Standard_LRS'
param blobDeleteRetentionDays = 7
param logRetentionInDays = 30
param keyVaultSoftDeleteRetentionInDays = 7

param postgresVersion = '16'
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresStorageSizeGB = 32
param postgresHighAvailability = 'Disabled'
param postgresBackupRetentionDays = 7
param postgresGeoRedundantBackup = false
param postgresElasticCluster = false
param postgresAllowAzureServices = true
// Add your own public IP to run migrations from your machine, e.g. ['198.51.100.7'].
param postgresOperatorIpAddresses = []
// The Entra group whose members administer PostgreSQL (object id and display name).
param postgresOperatorPrincipalId = ''
param postgresOperatorPrincipalName = ''
param postgresSessionRole = 'intellifin_owner'

param functionInstanceMemoryMB = 2048
param functionMaximumInstanceCount = 10
param functionAlwaysReadyHttpInstances = 0

param logLevel = 'DEBUG'
