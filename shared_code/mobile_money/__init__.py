"""Mobile money: Airtel Money wallets linked by their Open API apps, synced, imported, categorised and posted."""
