"""The demo portal.yaml: the banner flag and clearly fictional organiser facts."""

PORTAL_YAML = """\
# Extension du contrat : données fictives, le site affiche un bandeau
# « Données de démonstration ».
demo: true

# Faits des pages institutionnelles (mentions légales, contact, données personnelles).
# Valeurs de démonstration, toutes fictives : domaines réservés « .example » (RFC 2606).
# `escda validate` signale un site publié (sans `demo: true`) qui les porterait encore.
organiser:
  name: Société fictive d'études clients SAS
  address: 1 rue de l'Exemple, 75000 Paris (adresse fictive)
  email: contact@escda.example
  director: Camille Exemple (personne fictive)
  host: Hébergeur fictif SAS
  host_address: 2 avenue de l'Exemple, 59000 Lille (adresse fictive)
  registration: RCS Paris 000 000 000 (numéro fictif)
  partners:
    - name: Institut fictif d'enquêtes
      role: réalise les tests clients mystères selon les scénarios de l'organisateur
    - name: Cabinet fictif de contrôle
      role: vérifie, avant la proclamation, le calcul des notes à partir des fichiers de tests
"""
