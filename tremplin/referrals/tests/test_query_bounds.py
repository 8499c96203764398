from django.urls import reverse


def test_the_inbox_runs_a_bounded_number_of_queries(login, mediator, make_referral, django_assert_max_num_queries):
    client = login(mediator)
    make_referral()
    client.get(reverse("referrals:inbox"))  # warm the session and caches
    for _ in range(30):
        make_referral()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("referrals:inbox"))
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"].object_list) == 25


def test_the_referrer_list_runs_a_bounded_number_of_queries(
    login, referrer, make_referral, django_assert_max_num_queries
):
    client = login(referrer)
    make_referral()
    client.get(reverse("referrals:list"))
    for _ in range(30):
        make_referral()
    with django_assert_max_num_queries(10):
        response = client.get(reverse("referrals:list"))
    assert len(response.context["page"].object_list) == 25
