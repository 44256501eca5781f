{#- number_set, number_set_union and number_set_size over each case of the
    number_set_cases seed, beside the count worked out by hand: the numbers
    of each part gathered into a set, the parts' sets into one. -#}
with

cases as (
    select * from {{ ref('number_set_cases') }}
),

part_sets as (
    select
        cases.case_name,
        {{ loyalty.number_set_union(loyalty.number_set('cases.number', 'cases.set_size')) }} as number_set
    from cases
    group by cases.case_name, cases.part
),

case_sets as (
    select
        part_sets.case_name,
        {{ loyalty.number_set_union('part_sets.number_set') }} as number_set
    from part_sets
    group by part_sets.case_name
),

expected as (
    select
        cases.case_name,
        max(cases.expected_size) as expected_size
    from cases
    group by cases.case_name
),

final as (
    select
        expected.case_name,
        expected.expected_size,
        {{ loyalty.number_set_size('case_sets.number_set') }} as actual_size
    from expected
    inner join case_sets
        on expected.case_name = case_sets.case_name
)

select * from final
