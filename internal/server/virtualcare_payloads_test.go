package server_test

// The docs' payloads, verbatim (virtual-care-v9.txt).
const (
	practiceID = "6996d161-cd16-4556-9577-f942c3f80c80"
	acmeID     = "0cee700e-f4c1-4459-b390-263e4ded436c"
	joeGUID    = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	janeGUID   = "f36af515-09ba-4551-a5c2-e6680fc41886"
	sinjoro    = "5c1e0f3a-8b7d-4c2e-9a6f-3d4b5c6e7f80"

	docsFirstExample = `{
   "patient":{
      "gender":"mail",
      "phone":"204-555-3233",
      "firstName":"Joe",
      "address":{
         "line2":"Box #1",
         "state":"WA",
         "line1":"312 S Washington St",
         "city":"Seattle",
         "postalCode":"98104"
      },
      "patientGuid":"12341234-129f-4d0e-afaa-b3009dbe80c7",
      "dateOfBirth":"1970-01-01T00:00:00.000Z",
      "email":"patent.email@dexcarehealth.com",
      "lastName":"Public"
   },
   "visitDetails":{
      "practiceId":"6996d161-cd16-4556-9577-f942c3f80c80",
      "stateLicensure":"WA",
      "visitTypeName":"virtual",
      "visitReason":"zzzIntegrationTests visit reason",
      "brand":"providence",
      "acceptedTerms":true,
      "declaration":"self"
   },
   "billingInfo":{
      "couponCode":"kyle1",
      "paymentMethod":"couponcode"
   }
}`

	docsPhoneExample = `{
  "billingInfo": {
    "paymentMethod": "insurance",
    "declaration": "self",
    "insuranceType": "manual",
    "insuranceProviderId": "kpvirtual",
    "insuranceMemberId": "internal"
  },
  "patient": {
    "firstName": "Sinjoro",
    "lastName": "Ajnulo",
    "gender": "male",
    "dateOfBirth": "1970-01-13",
    "phone": "202-555-1212",
    "email": "sinjoro.anjulo@example.com",
    "address": {
      "line1": "123 Main Street",
      "city": "Seattle",
      "state": "WA",
      "postalCode": "98101"
    },
    "ehrIdentifier": "M123456",
    "ehrIdentifierType": "MRN",
    "homeEhr": "MAM",
    "homeMarket": "MAS"
  },
  "visitDetails": {
    "acceptedTerms": true,
    "assignmentQualifiers": [
      "adult"
    ],
    "declaration": "self",
    "stateLicensure": "WA",
    "visitReason": "Example request for a phone visit",
    "visitTypeName": "phone"
  }
}`

	docsProxyExample = `{
  "actor": {
    "firstName": "Actor",
    "lastName": "Proxy",
    "gender": "female",
    "dateOfBirth": "1970-01-13",
    "phone": "202-555-1212",
    "email": "actor.proxy@example.com",
    "address": {
      "line1": "123 Main Street",
      "city": "Seattle",
      "state": "WA",
      "postalCode": "98101"
    },
    "ehrIdentifier": "M123456",
    "ehrIdentifierType": "MRN",
    "homeEhr": "MAM"
  },
  "billingInfo": {
    "paymentMethod": "insurance",
    "declaration": "other",
    "insuranceType": "manual",
    "insuranceProviderId": "kpvirtual",
    "insuranceMemberId": "internal",
    "firstName": "Insurance",
    "lastName": "Member",
    "gender": "female",
    "dateOfBirth": "1971-03-15"
  },
  "patient": {
    "firstName": "Sinjoro",
    "lastName": "Ajnulo",
    "gender": "male",
    "dateOfBirth": "2010-02-14",
    "phone": "202-555-1212",
    "email": "sinjoro.anjulo@example.com",
    "address": {
      "line1": "123 Main Street",
      "city": "Seattle",
      "state": "WA",
      "postalCode": "98101"
    },
    "ehrIdentifier": "M123456",
    "ehrIdentifierType": "MRN",
    "homeEhr": "MAM",
    "homeMarket": "MAS"
  },
  "visitDetails": {
    "acceptedTerms": true,
    "assignmentQualifiers": [
      "pediatric"
    ],
    "declaration": "other",
    "stateLicensure": "WA",
    "visitReason": "Example visit of a proxy submitting visit for a child",
    "interpreterLanguage" : "es-MX",
    "urgency" : 1
    
  }
}`

	docsGuestExample = `{
    "patient": {
        "firstName": "first",
        "lastName": "last",
        "email": "first.last@foo.bar.baz",
        "phone": "206-789-0123",
        "gender": "male",
        "dateOfBirth": "1958-06-07",
        "address": {
            "line1": "2324 Eastlake Ave",
            "city": "Seattle",
            "state": "WA",
            "postalCode": "98102"
        }
    },
    "billingInfo": {
        "paymentMethod": "insurance",
        "declaration": "self",
        "insuranceType": "manual",
        "insuranceProviderId": "string",
        "insuranceMemberId": "string"
    },
    "visitDetails": {
        "visitTypeName": "virtual",
        "acceptedTerms": true,
        "declaration": "self",
        "stateLicensure": "WA",
        "visitReason": "reasons",
        "brand": "providence"
    }
}`
)
