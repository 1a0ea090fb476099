"""Mobile money routes: wallets, their transactions, categorisation rules, statement imports."""
