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

# Thirty foreign students of NTUT in the agency's records (thirty.csv, to
# import), the school's ARC rows for them by passport, nationality and birth
# date (thirty-rows.csv; the first gives an e-mail address) and a folder of
# good documents for each (docs/). Writes files only.
make_thirty_students() {
  local i email d
  given=(AN BAO CHI DUC EMI FAJAR GITA HANA IVAN JUN KENJI LINH MAYA NAM OSCAR PRIYA QUANG RINA SARA TARO
    UMAR VIVI WEI XENA YUKI ZARA ADI BUDI CITRA DEWI)
  {
    echo 'record_id,identity_type,name_zh,surname_en,given_name_en,birth_date,sex,nationality,birthplace,passport_no,mainland_id,travel_permit_no,ui_no,school_code,department'
    for i in "${!given[@]}"; do
      printf 'D%04d,foreign,,DEMO,%s,2000-01-%02d,F,越南,,D%08d,,,,NTUT,資訊工程系\n' "$((i + 1))" "${given[$i]}" \
        "$((i % 28 + 1))" "$((10000001 + i))"
    done
  } > thirty.csv
  {
    echo 'kind,passport_no,nationality,birth_date,email,program,enrolment_status,passport_expiry,visa_issue_date,visa_code,highest_education,marital_status,taiwan_phone,taiwan_address.county,taiwan_address.district,taiwan_address.street,taiwan_address.number,contact_name,contact_phone,contact_nationality,pickup_station,validity_years'
    for i in "${!given[@]}"; do
      email=''
      [ "$i" = 0 ] && email=an@example.com
      printf 'arc,D%08d,越南,2000-01-%02d,%s,學士班,已註冊,2030-05-31,2026-08-15,FS,高中,未婚,0912345678,台北市,大安區,忠孝東路三段,1號5樓,王老師,02-27712171,中華民國,taipei-1,1\n' \
        "$((10000001 + i))" "$((i % 28 + 1))" "$email"
    done
  } > thirty-rows.csv
  for i in "${!given[@]}"; do
    d=docs/$(printf 'D%08d' "$((10000001 + i))")
    mkdir -p "$d"
    cp "$CORPUS/good.jpg" "$d/photo.jpg"
    cp "$CORPUS/good.pdf" "$d/enrolment.pdf"
    cp "$CORPUS/good.pdf" "$d/passport.pdf"
    cp "$CORPUS/good.png" "$d/residence-visa.png"
    cp "$CORPUS/good.bmp" "$d/residence-proof.bmp"
  done
}
