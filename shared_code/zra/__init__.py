"""ZRA Smart Invoice: the VSDC client, device, codes, and fiscalisation of sales documents."""
