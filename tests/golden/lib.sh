# Shared steps of golden cases: source "$GOLDEN_LIB". Passwords are fixed test
# values; tokens are read from exported mail and never printed.

ADMIN_PW='admin-pass1'
STUDENT_PW='student-pw1'

# A database with the first admin logged in, a school, and the sample records.
setup_admin() {
  printf '%s\n' "$ADMIN_PW" | soas init --admin admin1 --email admin@nia.example --password-stdin >/dev/null
  printf '%s\n' "$ADMIN_PW" | soas login admin1 --password-stdin >/dev/null
}
setup_records() {
  setup_admin
  soas school add NTUT 國立臺北科技大學 >/dev/null
  cp "$SAMPLES"/records-persons.csv "$SAMPLES"/records-permits.csv .
  soas records import records-persons.csv records-permits.csv >/dev/null
}
as_admin() { printf '%s\n' "$ADMIN_PW" | soas login admin1 --password-stdin >/dev/null; }

# The body of an exported mail, decoded.
mail_body() { tr -d '\r' <"$1" | sed -n '/^$/,$p' | base64 -d; }
# Exports pending mail (as admin) and prints the code of the newest mail of a
# kind (verify or reset).
latest_code() {
  as_admin
  soas mail export mail-out >/dev/null
  local file
  file=$(ls mail-out/*-"$1".eml | tail -n 1)
  mail_body "$file" | grep -o "account $1 [a-z2-7]*" | head -n 1 | awk '{print $3}'
}

# The mainland student of samples/register-mainland.yaml, verified and logged in.
setup_mainland_student() {
  setup_records
  soas logout >/dev/null
  printf '%s\n' "$STUDENT_PW" | soas account register --type mainland --form "$SAMPLES/register-mainland.yaml" \
    --password-stdin >/dev/null
  soas account verify "$(latest_code verify)" >/dev/null
  soas logout >/dev/null
  printf '%s\n' "$STUDENT_PW" | soas login zheng.xh --password-stdin >/dev/null
}

# A reviewer account (staff-pass1), created by the admin.
setup_reviewer() {
  as_admin
  printf 'staff-pass1\n' | soas user add reviewer1 --role reviewer --email r1@nia.example --password-stdin >/dev/null
}
as_reviewer() { printf 'staff-pass1\n' | soas login reviewer1 --password-stdin >/dev/null; }
as_student() { printf '%s\n' "$STUDENT_PW" | soas login zheng.xh --password-stdin >/dev/null; }
# Submits the multi-entry exchange of the sample form (files/app.yaml) with good documents.
submit_exchange() {
  soas apply multi-entry --permit 108695200100 --form app.yaml --set resumed=yes --doc photo="$CORPUS/good.jpg" \
    --doc entry-permit="$CORPUS/good.pdf" --doc travel-permit="$CORPUS/good.bmp" --agree "$@"
}

# Signing key ids are fingerprints of random keys: masked so output is stable.
mask_key_ids() { sed -E 's/(^|[^0-9a-f])[0-9a-f]{16}([^0-9a-f]|$)/\1<key-id>\2/g'; }
